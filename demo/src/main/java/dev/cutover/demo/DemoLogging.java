package dev.cutover.demo;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.logging.FileHandler;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Sends the in-process controller's logs (and the Kafka clients' and in-process broker's) to a file in the demo's
 * state directory, so the console shows only the story. The demo module binds SLF4J to {@code java.util.logging}
 * (slf4j-jdk14), and this configures the root logger of this JVM in code: no system property, no config file.
 */
final class DemoLogging implements AutoCloseable {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private final Logger root;
    private final Handler[] before;
    private final Level levelBefore;
    private final FileHandler file;

    private DemoLogging(Logger root, Handler[] before, Level levelBefore, FileHandler file) {
        this.root = root;
        this.before = before;
        this.levelBefore = levelBefore;
        this.file = file;
    }

    /** From now on, every log record of this JVM goes to {@code logFile} (appended) instead of the console. */
    static DemoLogging toFile(Path logFile) throws IOException {
        Logger root = Logger.getLogger("");
        FileHandler file = new FileHandler(logFile.toString(), true);
        file.setFormatter(new OneLine());
        file.setLevel(Level.ALL);
        Handler[] before = root.getHandlers();
        Level levelBefore = root.getLevel();
        for (Handler h : before) {
            root.removeHandler(h);
        }
        root.addHandler(file);
        root.setLevel(Level.INFO);
        return new DemoLogging(root, before, levelBefore, file);
    }

    /** Restores the console handlers and closes the file. */
    @Override
    public void close() {
        root.removeHandler(file);
        for (Handler h : before) {
            root.addHandler(h);
        }
        root.setLevel(levelBefore);
        file.close();
    }

    /** {@code 10:00:00.123 INFO dev.cutover.controller.service.ControllerLoop: message}, then the stack trace. */
    private static final class OneLine extends Formatter {
        @Override
        public String format(LogRecord r) {
            StringBuilder line = new StringBuilder().append(TIME.format(r.getInstant()))
                    .append(' ').append(r.getLevel()).append(' ').append(r.getLoggerName()).append(": ")
                    .append(formatMessage(r)).append('\n');
            if (r.getThrown() != null) {
                StringWriter trace = new StringWriter();
                r.getThrown().printStackTrace(new PrintWriter(trace));
                line.append(trace);
            }
            return line.toString();
        }
    }
}
