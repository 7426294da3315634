package dev.cutover.worker.transform.useragent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The peer's spider cases ({@code isSpider_test_data.csv}, a sample), matched like Spark's {@code rlike} does. */
class SpidersTest {

    private static final Pattern SPIDER = Pattern.compile(Spiders.PATTERN);

    @ParameterizedTest
    @ValueSource(strings = {"MediaWikiCrawler-Google/2.0 (+wikidata-external@google.com)",
            "goo wikipedia (http://help.goo.ne.jp/contact/)", "Peachy MediaWiki Bot API Version 2.0 (alpha 8)",
            "wikiwix-bot-3.0", "Java/1.8.0_51", "AppleDictionaryService/229", "php wikibot classes",
            "python-requests/2.7.0 CPython/3.4.2 Linux/3.16.0-4-amd64", "Python-urllib/2.7",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)", "curl/7.35.0",
            "TaxonBot@de.wikipedia <animalia@gmx.net> – MediaWiki Tcl Bot Framework 0.5", "MyCool.Tool@example.com",
            "MyCool+Tool@example.com", "User:BotDeveloper", "User_talk:BotDeveloper",
            "github.com/BotDeveloper MyCoolTool/1.1", "tools.wmflabs.org/MyCoolTool",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/600.2.5 (KHTML; like Gecko) Version/8.0.2"
                    + " Safari/600.2.5 (Applebot/0.1; +http://www.apple.com/go/applebot)",
            "MEDIAWIKI/1.42.0"})
    void automatedClientsAndAgentsWithAContactAreSpiders(String agent) {
        assertThat(SPIDER.matcher(agent).find()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Mozilla/5.0 (Windows NT 6.1; Trident/7.0; rv:11.0) like Gecko",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 7_1_2 like Mac OS X) AppleWebKit/537.51.2 (KHTML like Gecko) Version/7.0"
                    + " Mobile/11D257 Safari/9537.53",
            "Opera/9.80 (Android; Opera Mini/7.6.35843/35.5858; U; en) Presto/2.8.119 Version/11.10",
            "WikipediaApp/6.7.4.1791 (iOS 14.4; Phone)", "Mozilla/5.0 curl/7.35.0", "-"})
    void browsersAndClientNamesNotAtTheStartAreNotSpiders(String agent) {
        assertThat(SPIDER.matcher(agent).find()).isFalse();
    }
}
