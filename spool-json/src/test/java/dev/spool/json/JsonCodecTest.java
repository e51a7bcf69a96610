package dev.spool.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.spool.outcome.Outcome;
import dev.spool.pool.MapOptions;
import dev.spool.pool.Pool;
import dev.spool.pool.Task;
import dev.spool.pool.TaskContext;
import dev.spool.process.ProcessWorkers;
import dev.spool.process.UnencodableValueException;
import dev.spool.testing.Await;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JSON codec on its own and through real child JVMs. */
public class JsonCodecTest {

    public record Line(String sku, int quantity, double price) {}

    public record Order(String id, List<Line> lines, Map<String, String> tags, String note) {}

    public record Total(String orderId, double amount) {}

    /** A plain object: no-argument constructor, getters and setters. */
    public static final class Customer {
        private String name;
        private int visits;

        public Customer() {}

        public Customer(String name, int visits) {
            this.name = name;
            this.visits = visits;
        }

        public String getName() {
            return name;
        }

        public void setName(String name) {
            this.name = name;
        }

        public int getVisits() {
            return visits;
        }

        public void setVisits(int visits) {
            this.visits = visits;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Customer c && Objects.equals(name, c.name) && visits == c.visits;
        }

        @Override
        public int hashCode() {
            return Objects.hash(name, visits);
        }
    }

    public static final class Echo implements Task<Object, Object> {
        @Override
        public Object run(Object input, TaskContext context) {
            return input;
        }
    }

    public static final class Sum implements Task<Order, Total> {
        @Override
        public Total run(Order order, TaskContext context) {
            return new Total(order.id(), order.lines().stream().mapToDouble(l -> l.quantity() * l.price()).sum());
        }
    }

    private static Pool pool;

    @BeforeAll
    static void startPool() {
        pool = Pool.builder().kind(ProcessWorkers.childJvms().codec(new JsonCodec())).workers(2).handleSignals(false)
                .build();
    }

    @AfterAll
    static void stopPool() throws InterruptedException {
        pool.stopNow();
        Await.termination(pool);
    }

    private static Order order(int i) {
        return new Order("o-" + i, List.of(new Line("a", i, 1.5), new Line("b", 2, 0.25)),
                Map.of("channel", "web"), i % 2 == 0 ? null : "gift");
    }

    @Test
    void encodeDecode_inProcess_recordAndPlainObject() throws Exception {
        JsonCodec codec = new JsonCodec();

        assertThat(codec.decode(codec.encode(order(3)))).isEqualTo(order(3));
        assertThat(codec.decode(codec.encode(new Customer("Ada", 7)))).isEqualTo(new Customer("Ada", 7));
    }

    @Test
    void roundTrip_throughAChild_recordsNestedAndNullFieldsAndPlainObjects() throws Exception {
        for (Object value : List.of(order(1), order(2), new Customer("Grace", 3), new Line("z", 0, -1.0))) {
            assertThat(Await.outcome(pool.submit(new Echo(), value)).valueOrThrow()).isEqualTo(value);
        }
    }

    @Test
    void map_chunked_recordInRecordOut() {
        List<Order> orders = IntStream.range(0, 200).mapToObj(JsonCodecTest::order).toList();

        List<Total> totals;
        try (var outcomes = pool.map(new Sum(), orders, MapOptions.ordered().chunkSize(25))) {
            totals = outcomes.map(Outcome::valueOrThrow).toList();
        }

        assertThat(totals).hasSize(200);
        assertThat(totals.get(10)).isEqualTo(new Total("o-10", 10 * 1.5 + 0.5));
    }

    @Test
    void valueJacksonCannotWrite_failedNamingTheType() throws Exception {
        Outcome<Object> outcome = Await.outcome(pool.submit(new Echo(), new Object()));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class, f -> assertThat(f.error())
                .isInstanceOf(UnencodableValueException.class).hasMessageContaining("java.lang.Object")
                .hasMessageContaining(JsonCodec.class.getName()));
    }
}
