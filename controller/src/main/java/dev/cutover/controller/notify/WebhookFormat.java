package dev.cutover.controller.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.UncheckedIOException;

/**
 * The body of a notification in either {@link WebhookSettings.Format}. Slack's is one mrkdwn line with the kind as
 * an emoji and the stream in bold, e.g. {@code :rotating_light: *VERDICT_FAIL* `eventlogging_X`: 2026-11-20T00 FAIL:
 * ... (cutover controller on host-1)}, a phase change's arrow as a right arrow; the generic one has the fields of the
 * notification.
 */
public final class WebhookFormat {

    private static final ObjectMapper JSON = new ObjectMapper();

    private WebhookFormat() {
    }

    /** {@code notification} as {@code format} says, from the controller named {@code controller}. */
    public static String body(WebhookSettings.Format format, Notification notification, String controller) {
        ObjectNode root = JSON.createObjectNode();
        if (format == WebhookSettings.Format.SLACK) {
            root.put("text", slackText(notification, controller));
        } else {
            root.put("id", notification.id());
            root.put("kind", notification.kind().name());
            root.put("stream", notification.stream());
            root.put("phase", notification.phase());
            root.put("hour", notification.hour() == null ? null : notification.hour().toString());
            root.put("text", notification.text());
            root.put("at", notification.at().toString());
            root.put("controller", controller);
        }
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String slackText(Notification n, String controller) {
        String text = n.stream() != null && n.text().startsWith(n.stream() + ": ")
                ? n.text().substring(n.stream().length() + 2) : n.text();
        return emoji(n.kind()) + " *" + n.kind().name() + "*" + (n.stream() == null ? "" : " `" + n.stream() + "`")
                + ": " + escape(text.replace(" -> ", " \u2192 ")) + " _(cutover controller on " + escape(controller)
                + ")_";
    }

    private static String emoji(Notification.Kind kind) {
        switch (kind) {
            case VERDICT_FAIL:
                return ":rotating_light:";
            case VERDICT_LATE:
                return ":hourglass:";
            case HOLD:
                return ":warning:";
            case AUTO_PROMOTED:
                return ":rocket:";
            default:
                return ":arrow_right:";
        }
    }

    /** Slack's three control characters in message text. */
    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
