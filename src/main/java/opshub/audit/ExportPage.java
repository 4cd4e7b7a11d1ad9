package opshub.audit;

import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;

/** Consecutive export lines, joined by newlines, written as they are (never as JSON). */
public record ExportPage(byte[] bytes, int lines) {

    /** Writes the bytes unchanged; without it the JSON writer would quote them. */
    @Provider
    @Produces(AuditResource.NDJSON)
    public static class Writer implements MessageBodyWriter<ExportPage> {

        @Override
        public boolean isWriteable(Class<?> type, Type generic, Annotation[] annotations,
                MediaType mediaType) {
            return type == ExportPage.class;
        }

        @Override
        public void writeTo(ExportPage page, Class<?> type, Type generic,
                Annotation[] annotations, MediaType mediaType,
                MultivaluedMap<String, Object> headers, OutputStream out)
                throws IOException, WebApplicationException {
            out.write(page.bytes());
        }
    }
}
