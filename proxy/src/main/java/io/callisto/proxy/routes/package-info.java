/**
 * The route table and configurable-http-proxy's routes API over it.
 *
 * <p>Vocabulary:
 * <ul>
 *   <li><b>route path</b>: the key of a route, in CHP's clean form: it starts with {@code /}, ends
 *       without one (except the root route {@code /}), and is stored percent-decoded
 *       ({@code POST /api/routes/user/b%40x} creates {@code /user/b@x});</li>
 *   <li><b>segment</b>: the text between two slashes; routes match whole segments, so
 *       {@code /user/al} never matches {@code /user/alice};</li>
 *   <li><b>route data</b>: the JSON object posted for a route, kept whole and returned with
 *       {@code last_activity} added;</li>
 *   <li><b>snapshot</b>: the immutable trie that request threads read; every change builds a new one
 *       and publishes it atomically, so lookups never lock and never see half a change.</li>
 * </ul>
 */
package io.callisto.proxy.routes;
