/**
 * A test kit for workflows: runs them on the in-memory embedded runtime with a clock that moves
 * only when the test lets it, replaces tasks with mocks, and asserts on run histories.
 *
 * <p>{@link dev.triggerflow.testkit.TriggerflowTest} is the JUnit 5 extension; it gives every test
 * method a fresh {@link dev.triggerflow.testkit.TestRuntime}, which can also be used on its own.
 * {@link dev.triggerflow.testkit.TaskMock} stubs a task and records its invocations, and {@link
 * dev.triggerflow.testkit.HistoryAssert} checks a run's history and prints the run's timeline when
 * a check fails.
 */
package dev.triggerflow.testkit;
