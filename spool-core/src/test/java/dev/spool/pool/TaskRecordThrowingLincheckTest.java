package dev.spool.pool;

/** {@link TaskRecordLincheckTest} with a task that throws: the attempt ends through endAttempt and complete. */
public class TaskRecordThrowingLincheckTest extends TaskRecordLincheckTest {
    @Override
    protected boolean taskThrows() {
        return true;
    }
}
