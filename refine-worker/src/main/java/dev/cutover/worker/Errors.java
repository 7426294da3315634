package dev.cutover.worker;

/** Error messages for reports and logs. */
public final class Errors {

    private Errors() {
    }

    /**
     * The message of {@code e} plus its innermost cause's when that says something more (Spark and the metastore
     * client wrap the real reason), on one line, at most 600 characters.
     */
    public static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        String own = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        String root = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String msg = t == e || own.contains(root) ? own : own + " (cause: " + root + ")";
        msg = msg.replace('\n', ' ');
        return msg.length() > 600 ? msg.substring(0, 600) + "..." : msg;
    }
}
