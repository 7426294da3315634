package dev.cutover.streamconfig.source;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;

/** Opens the right {@link ConfigSource} for a command-line style location. No I/O happens here. */
public final class ConfigSources {

    private ConfigSources() {
    }

    /**
     * An {@code http://} or {@code https://} URL opens the MediaWiki API source (a bare {@code api.php} URL
     * gets {@code action=streamconfigs&format=json&formatversion=2} added); anything else is a file path
     * (JSON or YAML, the API shape or a bare map of streams).
     *
     * @throws IllegalArgumentException when the location is blank or not a valid URL
     */
    public static ConfigSource open(String fileOrUrl, SourceOptions options) {
        if (fileOrUrl == null || fileOrUrl.isBlank()) {
            throw new IllegalArgumentException("no config source given: pass a file path or an http(s) URL of"
                    + " MediaWiki's api.php");
        }
        String location = fileOrUrl.trim();
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(location);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config source '" + location + "' is not a valid URL: "
                        + e.getMessage(), e);
            }
            return new MediaWikiApiSource(uri, options);
        }
        if (lower.startsWith("file:")) {
            return new FileConfigSource(Path.of(URI.create(location)), options.clock());
        }
        return new FileConfigSource(Path.of(location), options.clock());
    }
}
