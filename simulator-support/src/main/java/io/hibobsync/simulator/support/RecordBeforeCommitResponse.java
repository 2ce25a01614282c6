package io.hibobsync.simulator.support;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.function.IntConsumer;

/**
 * Runs a callback with the final status just before the first byte of the answer can leave, so a client
 * that has its answer always finds the call in the log. Unlike buffering the whole answer, this costs no
 * memory, which matters for a 100,000-employee search.
 */
final class RecordBeforeCommitResponse extends HttpServletResponseWrapper {

    private final IntConsumer beforeCommit;
    private boolean done;
    private ServletOutputStream stream;

    RecordBeforeCommitResponse(HttpServletResponse response, IntConsumer beforeCommit) {
        super(response);
        this.beforeCommit = beforeCommit;
    }

    /** Runs the callback with the current status, unless it already ran. */
    void commit() {
        commitWith(getStatus());
    }

    /** Runs the callback with this status, unless it already ran (e.g. 500 for an exception nobody handled). */
    void commitWith(int status) {
        if (!done) {
            done = true;
            beforeCommit.accept(status);
        }
    }

    @Override
    public ServletOutputStream getOutputStream() throws IOException {
        if (stream == null) {
            stream = new GuardedStream(super.getOutputStream());
        }
        return stream;
    }

    /** A writer is asked for just before writing, when the status is already set. */
    @Override
    public PrintWriter getWriter() throws IOException {
        commit();
        return super.getWriter();
    }

    @Override
    public void flushBuffer() throws IOException {
        commit();
        super.flushBuffer();
    }

    private final class GuardedStream extends ServletOutputStream {
        private final ServletOutputStream delegate;

        GuardedStream(ServletOutputStream delegate) {
            this.delegate = delegate;
        }

        @Override
        public void write(int b) throws IOException {
            commit();
            delegate.write(b);
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            commit();
            delegate.write(bytes, offset, length);
        }

        @Override
        public void flush() throws IOException {
            commit();
            delegate.flush();
        }

        @Override
        public void close() throws IOException {
            commit();
            delegate.close();
        }

        @Override
        public boolean isReady() {
            return delegate.isReady();
        }

        @Override
        public void setWriteListener(WriteListener listener) {
            delegate.setWriteListener(listener);
        }
    }
}
