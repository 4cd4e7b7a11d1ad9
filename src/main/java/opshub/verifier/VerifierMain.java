package opshub.verifier;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The offline verifier: checks ops-hub history with neither server nor database, from an
 * export, signed checkpoints, proofs and the ledger's public key. Exit status 0 means OK,
 * 1 that verification failed (the report names the first position at fault and why), 2 that
 * the command could not run (bad arguments, unreadable files).
 */
@Command(name = "ops-hub-verifier", mixinStandardHelpOptions = true,
        subcommands = {VerifyCommand.class, InclusionCommand.class, ConsistencyCommand.class},
        description = "Verifies ops-hub history offline: no server, no database.")
public final class VerifierMain implements Runnable {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int CANNOT_RUN = 2;

    @Spec
    CommandSpec spec;

    public static void main(String... args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true),
                args));
    }

    /** Runs the command line with the given outputs and returns the exit status. */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine command = new CommandLine(new VerifierMain());
        command.setOut(out);
        command.setErr(err);
        command.setExecutionExceptionHandler((e, line, parsed) -> {
            line.getErr().println("ops-hub-verifier: " + e.getMessage());
            return CANNOT_RUN;
        });
        return command.execute(args);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a command: verify, inclusion or consistency");
    }

    /** Prints the outcome and returns the exit status. */
    static int report(PrintWriter out, String ok, FindingException failure) {
        if (failure != null) {
            out.println("FAILED: " + failure.finding());
            return FAILED;
        }
        out.println("OK: " + ok);
        return OK;
    }
}
