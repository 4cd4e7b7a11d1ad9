package opshub.api;

/** JSON pointers (RFC 6901) into request bodies. */
public final class JsonPointers {

    private JsonPointers() {
    }

    /** The pointer to member {@code name} of the object at {@code at}. */
    public static String member(String at, String name) {
        return at + "/" + name.replace("~", "~0").replace("/", "~1");
    }
}
