/**
 * IPython state kept in PostgreSQL, so that it follows a person from kernel to kernel, server to server
 * and pod to pod. The Callisto IPython extension ({@code spawner/image/src/callisto_ipython}), loaded in
 * every kernel, writes here with its server's token and reads back what earlier kernels wrote.
 *
 * <p>Vocabulary (IPython's own, from its {@code history.sqlite}):
 * <dl>
 * <dt>session</dt><dd>one run of a kernel's IPython shell, numbered per user 1, 2, 3, ... in the order the
 *     hub first hears of them; {@code %history ~1/} is the one before the current. A kernel names its session
 *     by a <em>key</em> it makes up, so that a retried append never makes a second session.</dd>
 * <dt>line</dt><dd>the execution count of a cell within its session ({@code In[7]} is line 7).</dd>
 * <dt>input</dt><dd>a cell's source as run ({@code source}, magics translated) and as typed ({@code source_raw}).</dd>
 * <dt>output</dt><dd>the {@code text/plain} of a cell's result ({@code Out[7]}).</dd>
 * <dt>stored variable</dt><dd>a {@code %store}d value: a name, the pickled bytes (opaque to the hub), the
 *     type's name, the size and when it was written.</dd>
 * </dl>
 *
 * <p>Scopes: {@code read:ipython} reads a user's history and variables, {@code ipython} also writes and
 * deletes them, {@code admin:ipython} (admins) implies both. Users hold {@code ipython} on themselves,
 * a server's token on its owner only. Sizes are limited per value and per user
 * ({@code callisto.ipython.max-*}); going over is a 413 that says which limit and by how much.
 */
package io.callisto.hub.ipython;
