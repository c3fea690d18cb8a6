package io.callisto.hub.auth;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Declares what an API endpoint needs: any one of {@link #value()}, either unfiltered or narrowed to
 * the user named by the path parameter {@link #user()}. Checked by {@link ScopeFilter} before the
 * method runs; anonymous requests and requests without the scope get a 403.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface RequiresScope {

    /** The scopes, any of which suffices. */
    String[] value();

    /** The path parameter naming the user the request is about; empty when it is about no one user. */
    String user() default "";

    /** The path parameter naming the user's server the request is about (for {@code !server=} filters). */
    String server() default "";

    /** The path parameter naming the group the request is about (for {@code !group=} filters). */
    String group() default "";

    /** The path parameter naming the service the request is about (for {@code !service=} filters). */
    String service() default "";
}
