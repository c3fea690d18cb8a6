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
 *   <li><b>trie</b>: the tree of segments that request threads read without locking; every change
 *       is one atomic step in it, so a lookup sees each route whole or not at all.</li>
 * </ul>
 */
package io.callisto.proxy.routes;
