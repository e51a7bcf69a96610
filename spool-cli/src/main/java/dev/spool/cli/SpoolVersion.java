package dev.spool.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import picocli.CommandLine.IVersionProvider;

/** {@code spool --version}: the project's version, written into {@code version.properties} by the build. */
public final class SpoolVersion implements IVersionProvider {

    /** The version, or "unknown" if the build's resource is missing (a class path without it). */
    static String version() {
        try (InputStream in = SpoolVersion.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"spool " + version()};
    }
}
