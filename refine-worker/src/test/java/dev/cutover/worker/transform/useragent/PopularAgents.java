package dev.cutover.worker.transform.useragent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A sample of the peer's {@code ua_most_popular_test_data.csv} (one agent per browser/OS/device kind) with the values
 * the peer's tests expect, shared by {@link UserAgentParserTest} (the parser) and {@link ParseUserAgentIT} (the
 * refine path).
 */
final class PopularAgents {

    /** An agent and its expected {@code user_agent_map} values. */
    record Agent(String agent, String browser, String browserMajor, String os, String osMajor, String osMinor,
                 String device) {

        /** The whole expected map (the sample's one app agent is version 6.7.4.1791). */
        Map<String, String> map() {
            Map<String, String> map = new LinkedHashMap<>();
            map.put("browser_family", browser);
            map.put("browser_major", browserMajor);
            map.put("os_family", os);
            map.put("os_major", osMajor);
            map.put("os_minor", osMinor);
            map.put("device_family", device);
            map.put("wmf_app_version", agent.startsWith("WikipediaApp/") ? "6.7.4.1791" : "-");
            return map;
        }
    }

    static final List<Agent> SAMPLE = List.of(
            new Agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 Safari/537.36",
                    "Chrome", "88", "Windows", "10", "-", "Other"),
            new Agent("Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.3 Mobile/15E148 Safari/604.1",
                    "Mobile Safari", "14", "iOS", "14", "4", "iPhone"),
            new Agent("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.182 Safari/537.36 Edg/88.0.705.81",
                    "Edge", "88", "Windows", "10", "-", "Other"),
            new Agent("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/14.0.3 Safari/605.1.15",
                    "Safari", "14", "Mac OS X", "10", "15", "Mac"),
            new Agent("WikipediaApp/6.7.4.1791 (iOS 14.4; Phone)",
                    "Other", "-", "iOS", "14", "4", "Other"),
            new Agent("Mozilla/5.0 (iPhone; CPU iPhone OS 14_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) GSA/137.2.345735309 Mobile/15E148 Safari/604.1",
                    "Google", "137", "iOS", "14", "4", "iPhone"),
            new Agent("-",
                    "Other", "-", "Other", "-", "-", "Other"),
            new Agent("Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko",
                    "IE", "11", "Windows", "10", "-", "Other"),
            new Agent("Mozilla/5.0 (Windows NT 6.3; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.190 Safari/537.36",
                    "Chrome", "88", "Windows", "8", "1", "Other"),
            new Agent("Go-http-client/2.0",
                    "Go-http-client", "2", "Other", "-", "-", "Other"),
            new Agent("Mozilla/5.0 (X11; CrOS x86_64 13597.94.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.186 Safari/537.36",
                    "Chrome", "88", "Chrome OS", "13597", "94", "Other"),
            new Agent("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
                    "Googlebot", "2", "Other", "-", "-", "Spider"),
            new Agent("Mozilla/5.0 (Linux; Android 10; SM-A515F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/88.0.4324.181 Mobile Safari/537.36",
                    "Chrome Mobile", "88", "Android", "10", "-", "Samsung SM-A515F"),
            new Agent("Mozilla/5.0 (Android 10; Mobile; rv:86.0) Gecko/86.0 Firefox/86.0",
                    "Firefox Mobile", "86", "Android", "10", "-", "Generic Smartphone"),
            new Agent("Wikidata Query Service Updater Bot",
                    "Wikidata Query Service Updater Bot", "-", "Other", "-", "-", "Spider"),
            new Agent("python-requests/2.25.1",
                    "Python Requests", "2", "Other", "-", "-", "Other"),
            new Agent("Mozilla/5.0 (Linux; Android 7.0; SM-A510F Build/NRD90M) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/56.0.2924.87 YaBrowser/17.3.1.369.00 Mobile Safari/537.36",
                    "Yandex Browser", "17", "Android", "7", "0", "Samsung SM-A510F"));

    private PopularAgents() {
    }
}
