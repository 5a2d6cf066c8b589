package org.flowmat.testkit.skeleton;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.util.ArrayList;
import java.util.List;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.discovery.ClassSelector;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the named test classes on the JUnit Platform in this JVM, as surefire runs a module's tests (from the module's
 * directory), and prints one line per test: {@code RESULT <SUCCESSFUL|FAILED|ABORTED|SKIPPED> <class> <display name>},
 * then the failures. Exits 1 if any test failed. {@link SkeletonDialectBuildTest} starts it on a generated dialect.
 */
public final class SuiteRunner {
  public static void main(String[] args) throws Exception {
    List<ClassSelector> selectors = new ArrayList<>();
    for (String name : args) {
      selectors.add(selectClass(Class.forName(name)));
    }
    LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request().selectors(selectors).build();
    List<String> failures = new ArrayList<>();
    Launcher launcher = LauncherFactory.create();
    launcher.execute(request, new TestExecutionListener() {
      @Override
      public void executionSkipped(TestIdentifier test, String reason) {
        if (test.isTest()) {
          System.out.println("RESULT SKIPPED " + where(test) + " " + test.getDisplayName() + " :: " + reason);
        }
      }

      @Override
      public void executionFinished(TestIdentifier test, TestExecutionResult result) {
        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
          failures.add(where(test) + " " + test.getDisplayName() + ": "
              + result.getThrowable().map(SuiteRunner::describe).orElse("failed"));
        }
        if (test.isTest()) {
          System.out.println("RESULT " + result.getStatus() + " " + where(test) + " " + test.getDisplayName()
              + result.getThrowable().map(t -> " :: " + String.valueOf(t.getMessage()).lines().findFirst().orElse("")).orElse(""));
        }
      }
    });
    failures.forEach(f -> System.out.println("FAILURE " + f));
    System.out.flush();
    System.exit(failures.isEmpty() ? 0 : 1);
  }

  private static String where(TestIdentifier test) {
    return test.getSource().map(s -> s instanceof org.junit.platform.engine.support.descriptor.MethodSource m
        ? m.getClassName() + "#" + m.getMethodName() : s.toString()).orElse(test.getUniqueId());
  }

  private static String describe(Throwable t) {
    java.io.StringWriter out = new java.io.StringWriter();
    t.printStackTrace(new java.io.PrintWriter(out));
    return out.toString();
  }
}
