package dev.cutover.worker.transform.host;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which hosts Wikimedia runs, by the peer's rules (refinery {@code Webrequest.isWMFHostname}, used by its
 * {@code add_is_wmf_domain} and {@code filter_allowed_domains}). Pure: no Spark, no I/O.
 *
 * <p>A host is a Wikimedia host when its last two labels are one of {@link #DOMAINS}, after lower-casing and cutting
 * trailing dots; a host longer than {@link #MAX_HOST_LENGTH} characters never is. Unlike {@link NormalizedHost}
 * nothing else is cleaned: a port ({@code en.wikipedia.org:443}) or trailing blank makes the last label differ, so
 * such a host is not a Wikimedia host, as for the peer.
 */
public final class WmfDomains {

    /** The registered domains the peer counts as Wikimedia's (its list of 2020-12, varnish's frontend rules). */
    public static final Set<String> DOMAINS = Set.of("wikimedia.org", "wikibooks.org", "wikinews.org", "wikipedia.org",
            "wikiquote.org", "wikisource.org", "wiktionary.org", "wikiversity.org", "wikivoyage.org", "wikidata.org",
            "wikifunctions.org", "mediawiki.org", "wikimediafoundation.org", "wikiworkshop.org", "wmfusercontent.org",
            "wmflabs.org", "wmcloud.org", "toolforge.org");

    public static final int MAX_HOST_LENGTH = 800;

    /**
     * Domains {@code filter_allowed_domains} keeps although they are not Wikimedia's: found anywhere in the
     * lower-cased domain. As in the peer the {@code .} is a regex wildcard, so {@code translate-google.example}
     * matches too, while Google's proxy hosts ({@code en-wikipedia-org.translate.goog}) do not.
     */
    public static final Pattern ALLOWED_EXCEPTIONS = Pattern.compile("translate.google");

    private WmfDomains() {
    }

    /** Whether {@code host} is a Wikimedia host; null is not. */
    public static boolean isWmfHostname(String host) {
        if (host == null || host.length() > MAX_HOST_LENGTH) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        int end = h.length();
        while (end > 0 && h.charAt(end - 1) == '.') {
            end--;
        }
        h = h.substring(0, end);
        int last = h.lastIndexOf('.');
        if (last < 0) {
            return false;
        }
        // the last two labels: everything after the second-to-last dot (or the whole host)
        int previous = h.lastIndexOf('.', last - 1);
        return DOMAINS.contains(h.substring(previous + 1));
    }

    /**
     * The peer's {@code filter_allowed_domains} rule: a row is kept when its domain is null or empty (the domain
     * fields are optional), matches {@link #ALLOWED_EXCEPTIONS}, or is a Wikimedia host.
     */
    public static boolean isAllowed(String domain) {
        if (domain == null || domain.isEmpty()) {
            return true;
        }
        return ALLOWED_EXCEPTIONS.matcher(domain.toLowerCase(Locale.ROOT)).find() || isWmfHostname(domain);
    }
}
