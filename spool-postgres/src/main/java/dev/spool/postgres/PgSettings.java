package dev.spool.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * How to reach a PostgreSQL database and which schema holds Spool's tables. Immutable.
 *
 * <p>The URL is a JDBC URL ({@code jdbc:postgresql://host:port/database}); the user and password come from
 * the URL's parameters, from {@link #user}/{@link #password}, or from the environment ({@code PGUSER},
 * {@code PGPASSWORD}) when {@link #fromEnvironment} reads it. {@link #toString()} never shows the password.
 *
 * @param url the JDBC URL, without a password parameter when one is given separately
 * @param user the user, or null to take it from the URL
 * @param password the password, or null
 * @param schema the schema of Spool's tables: a lower-case SQL identifier, {@code spool} by default
 * @param maxConnections the connection pool's size
 */
public record PgSettings(String url, String user, String password, String schema, int maxConnections) {

    /** The environment variable that {@link #fromEnvironment()} reads the URL from. */
    public static final String URL_VARIABLE = "SPOOL_PG_URL";

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
    private static final Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&]*");

    public PgSettings {
        Objects.requireNonNull(url, "url");
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/db): "
                    + redact(url));
        }
        Objects.requireNonNull(schema, "schema");
        if (!IDENTIFIER.matcher(schema).matches()) {
            throw new IllegalArgumentException("schema must be a lower-case SQL identifier ([a-z_][a-z0-9_]*),"
                    + " was '" + schema + "'");
        }
        if (maxConnections < 2) {
            throw new IllegalArgumentException("maxConnections must be at least 2, was " + maxConnections);
        }
    }

    /** Settings for {@code url}, schema {@code spool}, at most 10 connections. */
    public static PgSettings of(String url) {
        return new PgSettings(url, null, null, "spool", 10);
    }

    /**
     * Settings from the environment: the URL from {@code SPOOL_PG_URL}, the user from {@code PGUSER} and the
     * password from {@code PGPASSWORD} when set.
     *
     * @throws IllegalStateException if {@code SPOOL_PG_URL} is not set
     */
    public static PgSettings fromEnvironment() {
        return fromEnvironment(System.getenv());
    }

    static PgSettings fromEnvironment(Map<String, String> env) {
        String url = env.get(URL_VARIABLE);
        if (url == null || url.isBlank()) {
            throw new IllegalStateException(URL_VARIABLE + " is not set: give a JDBC URL such as"
                    + " jdbc:postgresql://localhost:5432/spool");
        }
        return new PgSettings(url, env.get("PGUSER"), env.get("PGPASSWORD"), "spool", 10);
    }

    /**
     * Settings from a properties file with the keys {@code url}, {@code user}, {@code password}, {@code
     * schema} and {@code maxConnections} (only {@code url} is required).
     */
    public static PgSettings fromFile(Path file) throws IOException {
        var properties = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        String url = properties.getProperty("url");
        if (url == null) {
            throw new IllegalArgumentException(file + " has no 'url' key");
        }
        return new PgSettings(url, properties.getProperty("user"), properties.getProperty("password"),
                properties.getProperty("schema", "spool"),
                Integer.parseInt(properties.getProperty("maxConnections", "10")));
    }

    public PgSettings user(String user) {
        return new PgSettings(url, user, password, schema, maxConnections);
    }

    public PgSettings password(String password) {
        return new PgSettings(url, user, password, schema, maxConnections);
    }

    public PgSettings schema(String schema) {
        return new PgSettings(url, user, password, schema, maxConnections);
    }

    public PgSettings maxConnections(int maxConnections) {
        return new PgSettings(url, user, password, schema, maxConnections);
    }

    /** The URL with any password parameter masked, for messages. */
    public String redactedUrl() {
        return redact(url);
    }

    /** The schema, quoted for SQL text (it is validated as an identifier). */
    String quotedSchema() {
        return '"' + schema + '"';
    }

    /** The JDBC connection properties: user and password when set. */
    Properties connectionProperties() {
        var properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password);
        }
        return properties;
    }

    static String redact(String url) {
        return PASSWORD_PARAM.matcher(url).replaceAll("$1***");
    }

    @Override
    public String toString() {
        return "PgSettings[url=" + redactedUrl() + ", user=" + user + ", password=" + (password == null ? "none" : "***")
                + ", schema=" + schema + ", maxConnections=" + maxConnections + "]";
    }
}
