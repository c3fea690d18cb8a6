/**
 * Courses. For now only the roles people hold in them ({@link io.callisto.hub.courses.CourseRole}), taken
 * from the identity provider's group claims at each login: a <em>course</em> is the provider's identifier
 * ({@code CS101}), a <em>role</em> what the person is in it ({@code instructor}, {@code student}, ...).
 */
package io.callisto.hub.courses;
