package dev.cutover.worker.transform.useragent;

import java.util.List;

/**
 * Which user agents the legacy {@code useragent.is_bot} counts as spiders besides ua-parser's {@code Spider}
 * device: the peer's spider pattern (refinery's {@code Webrequest}, which also implements Wikimedia's User-Agent
 * policy: automated clients name themselves and leave a contact). Case-insensitive; a word found anywhere in the
 * agent, or a client name at its start. The agent {@code "-"} is a spider as well (see {@link ParseUserAgent}).
 */
public final class Spiders {

    /** Matches when one of these occurs anywhere in the agent (regex fragments). */
    static final List<String> ANYWHERE = List.of("bot", "spider", "WordPress", "AppEngine", "AppleDictionaryService",
            "Python-urllib", "python-requests", "Google-HTTP-Java-Client", "[Ff]acebook", "[Yy]ahoo", "RockPeaks",
            "PhantomJS", "http");

    /** Matches when the agent starts with one of these (regex fragments); the last is a coarse e-mail address. */
    static final List<String> AT_START = List.of("goo wikipedia", "MediaWikiCrawler-Google", "wikiwix-bot", "Java/",
            "curl", "PHP/", "Faraday", "HTTPC", "Ruby", "\\.NET", "Python", "Apache", "Scrapy", "PycURL", "libwww",
            "Zend", "wget", "nodemw", "WinHttpRaw", "Twisted", "com\\.eusoft", "Lagotto", "Peggo", "Recuweb",
            "check_http", "Magnus", "MLD", "Jakarta", "find-link", "J\\. River", "projectplan9", "ADmantX", "httpunit",
            "LWP", "iNaturalist", "WikiDemo", "FSResearchIt", "livedoor", "Microsoft Monitoring", "MediaWiki", "User:",
            "User_talk:", "github", "tools.wmflabs.org", "Blackboard Safeassign", "Damn Small XSS", "MeetingRoomApp",
            "\\S+@\\S+\\.[a-zA-Z]{2,3}");

    /**
     * The whole pattern, for {@code rlike} (Java regex, {@code find}), anchored like the peer's so an agent with a
     * line break matches the same way.
     */
    public static final String PATTERN = "(?i)^(.*(" + String.join("|", ANYWHERE) + ").*|("
            + String.join("|", AT_START) + ").*)$";

    private Spiders() {
    }
}
