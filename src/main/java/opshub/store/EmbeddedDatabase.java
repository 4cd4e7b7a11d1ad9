package opshub.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Base64;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * A real PostgreSQL server whose data lives under an ops-hub data directory.
 *
 * <p>Only one process may own a data directory: the owner holds an exclusive file lock on
 * {@code opshub.lock} for as long as it runs. A PostgreSQL left running by an owner that was
 * killed (kill -9 leaves the postmaster orphaned) is shut down before the new owner starts its
 * own, which is safe because the lock proves nobody else uses it.
 *
 * <p>Durability is not left to the embedded defaults (which turn fsync and synchronous commit
 * off): an acknowledged event must survive a crash. Nor is access: the superuser needs the
 * password kept in {@code postgres-password} in the data directory.
 */
public final class EmbeddedDatabase implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(EmbeddedDatabase.class);
    private static final String USER = "postgres";
    private static final String DATABASE = "postgres";
    static final String PASSWORD_FILE = "postgres-password";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final FileChannel lockChannel;
    private final FileLock lock;
    private final EmbeddedPostgres postgres;
    private final Path dataDirectory;
    private final String password;
    private volatile boolean closing;

    private EmbeddedDatabase(FileChannel lockChannel, FileLock lock, EmbeddedPostgres postgres,
            Path dataDirectory, String password) {
        this.lockChannel = lockChannel;
        this.lock = lock;
        this.postgres = postgres;
        this.dataDirectory = dataDirectory;
        this.password = password;
    }

    /** Starts PostgreSQL in {@code dataDir/postgres}; fails fast if another process owns it. */
    public static EmbeddedDatabase start(Path dataDir) {
        Path pgData = dataDir.resolve("postgres");
        FileChannel channel = openLockFile(dataDir);
        FileLock lock = acquire(channel, dataDir);
        try {
            stopOrphanedServer(pgData);
            String password = password(dataDir.resolve(PASSWORD_FILE));
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(pgData)
                    .setCleanDataDirectory(false)
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("max_connections", "100")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setConnectConfig("password", password)
                    .start();
            requirePassword(postgres, password, pgData);
            LOG.infof("embedded PostgreSQL started on port %d with data in %s",
                    postgres.getPort(), pgData.toAbsolutePath().normalize());
            return new EmbeddedDatabase(channel, lock, postgres, pgData, password);
        } catch (IOException | SQLException | RuntimeException e) {
            release(channel);
            throw new IllegalStateException("embedded PostgreSQL did not start in "
                    + pgData.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return postgres.getPort();
    }

    /** The standard Quarkus datasource settings that point at this server. */
    public Map<String, String> datasourceSettings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("quarkus.datasource.reactive.url",
                "postgresql://localhost:" + port() + "/" + DATABASE);
        settings.put("quarkus.datasource.jdbc.url",
                "jdbc:postgresql://localhost:" + port() + "/" + DATABASE);
        settings.put("quarkus.datasource.username", USER);
        settings.put("quarkus.datasource.password", password);
        return settings;
    }

    @Override
    public void close() {
        closing = true;
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warnf("embedded PostgreSQL did not stop cleanly: %s", e.getMessage());
        } finally {
            release(lockChannel);
        }
    }

    /** The superuser's password, generated at first start and kept owner-only. */
    private static String password(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file).trim();
        }
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Files.writeString(file, password + "\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return password;
    }

    /**
     * The embedding library creates the cluster with {@code trust} authentication, which lets
     * any local user in as superuser. Set the password and require it from then on (a reload
     * applies pg_hba.conf at once; later starts already find it so).
     */
    private static void requirePassword(EmbeddedPostgres postgres, String password, Path pgData)
            throws IOException, SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            // the password is base64url: no quote can end the literal
            statement.execute("ALTER ROLE " + USER + " PASSWORD '" + password + "'");
            Path hba = pgData.resolve("pg_hba.conf");
            String rules = Files.readString(hba);
            String secured = rules.replaceAll("(?m)^(\\s*(?:local|host)\\b.*)\\btrust\\s*$",
                    "$1scram-sha-256");
            if (!secured.equals(rules)) {
                Files.writeString(hba, secured);
                statement.execute("SELECT pg_reload_conf()");
            }
        }
    }

    private static FileChannel openLockFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            return FileChannel.open(dataDir.resolve("opshub.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use data directory "
                    + dataDir.toAbsolutePath() + ": " + e.getMessage(), e);
        }
    }

    private static FileLock acquire(FileChannel channel, Path dataDir) {
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            release(channel);
            throw new DataDirectoryInUseException(dataDir);
        }
        return lock;
    }

    /**
     * A postmaster.pid naming a live postgres process means the previous owner died without
     * stopping its server. Holding the lock, we know that server is ours to stop.
     */
    private static void stopOrphanedServer(Path pgData) throws IOException {
        Path pidFile = pgData.resolve("postmaster.pid");
        if (!Files.exists(pidFile)) {
            return;
        }

        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> orphan = lines.isEmpty() ? Optional.empty()
                : parsePid(lines.get(0)).flatMap(ProcessHandle::of).filter(EmbeddedDatabase::isPostgres);
        if (orphan.isEmpty()) {
            return;
        }

        requireUnowned(pgData);
        ProcessHandle process = orphan.get();
        LOG.warnf("stopping PostgreSQL [%d] left running by a previous ops-hub", process.pid());
        process.destroy();
        try {
            process.onExit().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    /**
     * A running ops-hub also holds the embedded server's own lock file: if that is held, the
     * server is not orphaned (someone removed opshub.lock) and must not be stopped.
     */
    private static void requireUnowned(Path pgData) throws IOException {
        try (FileChannel channel = FileChannel.open(pgData.resolve("epg-lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new DataDirectoryInUseException(pgData.getParent());
            }
            lock.release();
        }
    }

    /**
     * Runs {@code action} if the PostgreSQL server stops while ops-hub still needs it, so
     * that the process can exit and be restarted by its supervisor instead of answering 503
     * for ever.
     */
    public void onUnexpectedStop(Runnable action) {
        try {
            List<String> lines = Files.readAllLines(dataDirectory.resolve("postmaster.pid"));
            parsePid(lines.get(0)).flatMap(ProcessHandle::of).ifPresent(server -> server.onExit()
                    .thenRun(() -> {
                        if (!closing) {
                            action.run();
                        }
                    }));
        } catch (IOException | IndexOutOfBoundsException e) {
            LOG.warnf("cannot watch the embedded PostgreSQL: %s", e.getMessage());
        }
    }

    private static Optional<Long> parsePid(String line) {
        try {
            return Optional.of(Long.parseLong(line.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("postgres")).orElse(false);
    }

    private static void release(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debugf("closing the data directory lock: %s", e.getMessage());
        }
    }

    /** Another process owns the data directory. */
    public static final class DataDirectoryInUseException extends IllegalStateException {
        public DataDirectoryInUseException(Path dataDir) {
            super("data directory " + dataDir.toAbsolutePath() + " is in use by another ops-hub"
                    + " server; stop it or start this one with another OPSHUB_DATA_DIR");
        }
    }
}
