package org.flowmat.testkit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The capabilities a conformance test needs; without this annotation a test needs {@link Capability#APPLY} and
 * {@link Capability#STORE}. {@link ConformanceHarness} skips, with the reason, a test whose needs the dialect declares
 * it lacks. Tests that prove a declared lack say {@code @Needs({})}: they run whatever the dialect lacks.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Needs {
  Capability[] value();
}
