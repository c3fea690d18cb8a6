/**
 * The browser pages the hub serves: home (start, stop, open a server, with live progress), admin,
 * tokens, the "server not running" page and readable error pages. Templates, styles and scripts live
 * in the {@code ui} module; these classes gather each page's data and render it.
 */
package io.callisto.hub.pages;
