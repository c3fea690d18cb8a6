package io.callisto.hub.pages;

/** The logged-in person as the page layout shows them. */
public record PageUser(String name, boolean admin) {
}
