package io.callisto.spawner.kubernetes;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Every rule by which Callisto names Kubernetes objects after users and servers: the one place
 * where a user name becomes part of a pod, claim, secret, service or namespace name or a label.
 *
 * <p>A <b>slug</b> is a user or server name made safe for Kubernetes, as KubeSpawner 7 makes them:
 * <ul>
 *   <li>a name that is already a lower-case DNS label ({@code [a-z0-9]}, inner {@code -}), has no
 *       {@code --} and is at most {@value #MAX_KEPT} characters is kept as it is: {@code alice};</li>
 *   <li>any other name loses its accents ({@code Ü} becomes {@code U}), is lower-cased, every run
 *       of other characters becomes one {@code -}, it is
 *       cut to {@value #MAX_STEM} characters, and {@code ---} and the first 8 hex digits of the
 *       SHA-256 of the <em>raw</em> name are appended: {@code a_b} is {@code a-b---1d2c3b4a}.</li>
 * </ul>
 * A kept slug never contains {@code --} and a hashed one always contains {@code ---}, so a kept
 * name can never equal a hashed one; two hashed names differ unless their hashes collide
 * (probability 2<sup>-32</sup> per pair of names with the same stem).
 *
 * <p>Object names are built from slugs and must be DNS labels of at most {@value #MAX_LABEL}
 * characters (a pod's name is its host name). A built name that is longer is cut and gets the hash
 * of the whole name, so distinct long names stay distinct.
 */
public final class KubernetesNames {

    /** A DNS label (RFC 1123): what pod, service, claim and namespace names must be here. */
    public static final int MAX_LABEL = 63;
    static final int MAX_KEPT = 30;
    static final int MAX_STEM = 20;
    private static final int HASH_HEX = 8;
    private static final Pattern KEPT = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final Pattern LABEL_VALUE = Pattern.compile("([A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?)?");

    /** Placeholders of name templates. */
    public static final String USER = "{user}";
    public static final String SERVER = "{server}";
    public static final String USER_SERVER = "{user_server}";

    private KubernetesNames() {
    }

    /** The slug of a user or server name (see the class documentation); {@code ""} stays {@code ""}. */
    public static String slug(String raw) {
        if (raw.isEmpty()) {
            return "";
        }
        if (raw.length() <= MAX_KEPT && KEPT.matcher(raw).matches() && !raw.contains("--")) {
            return raw;
        }
        String plain = Normalizer.normalize(raw, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String stem = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (stem.length() > MAX_STEM) {
            stem = stem.substring(0, MAX_STEM).replaceAll("-+$", "");
        }
        String hash = hash(raw);
        return stem.isEmpty() ? "x---" + hash : stem + "---" + hash;
    }

    /**
     * {@code {user}} when the server name is empty, else {@code {user}--{server}}, from the slugs.
     * The {@code --} cannot be confused with a kept slug, which never contains it.
     */
    public static String userServer(String user, String server) {
        return server.isEmpty() ? slug(user) : slug(user) + "--" + slug(server);
    }

    /**
     * Fills a name template ({@code jupyter-{user_server}}, {@code claim-{user}}) with the slugs and
     * makes the result a DNS label of at most {@value #MAX_LABEL} characters.
     *
     * @throws IllegalArgumentException when the template's fixed text is not DNS-label material
     *                                  (upper case, dots, underscores) or it names no user
     */
    public static String fromTemplate(String template, String user, String server) {
        requireValidTemplate(template);
        String name = template.replace(USER_SERVER, userServer(user, server))
                .replace(USER, slug(user))
                .replace(SERVER, slug(server));
        return fit(name.replaceAll("-+$", ""));
    }

    /** Rejects a template that cannot give DNS labels; the message names the template. */
    public static void requireValidTemplate(String template) {
        if (!template.contains(USER) && !template.contains(USER_SERVER)) {
            throw new IllegalArgumentException("name template '" + template + "' must contain {user} or {user_server}");
        }
        String fixed = template.replace(USER_SERVER, "a").replace(USER, "a").replace(SERVER, "a");
        if (!KEPT.matcher(fixed).matches()) {
            throw new IllegalArgumentException("name template '" + template
                    + "' must be lower-case letters, digits and '-' around the placeholders, starting with a letter or digit");
        }
    }

    /** {@code name} when it is at most {@value #MAX_LABEL} characters, else cut and given the hash of the whole. */
    static String fit(String name) {
        if (name.length() <= MAX_LABEL) {
            return name;
        }
        String cut = name.substring(0, MAX_LABEL - HASH_HEX - 3).replaceAll("-+$", "");
        return cut + "---" + hash(name);
    }

    /**
     * A label value for a user or server name: the slug, which is always a valid label value
     * (at most 63 characters of {@code [a-z0-9-]}, alphanumeric at both ends, or empty).
     */
    public static String labelValue(String raw) {
        String value = slug(raw);
        if (value.length() > MAX_LABEL || !LABEL_VALUE.matcher(value).matches()) {
            throw new IllegalStateException("slug '" + value + "' is not a label value");
        }
        return value;
    }

    /** True when {@code value} may be a Kubernetes label value. */
    public static boolean isLabelValue(String value) {
        return value.length() <= MAX_LABEL && LABEL_VALUE.matcher(value).matches();
    }

    /** True when {@code name} is a DNS label: what pod, service and namespace names are here. */
    public static boolean isDnsLabel(String name) {
        return name.length() <= MAX_LABEL && KEPT.matcher(name).matches();
    }

    static String hash(String raw) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(raw.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
