package opshub.manifest;

/** Manifest documents for tests. */
public final class ManifestTestSupport {

    private ManifestTestSupport() {
    }

    /** A valid manifest registering one type, whose metadata needs a boolean
     * {@code seen} and may have an integer {@code size}, 0 or more. */
    public static String manifest(String name, String type) {
        return ManifestTest.manifest(name, type);
    }
}
