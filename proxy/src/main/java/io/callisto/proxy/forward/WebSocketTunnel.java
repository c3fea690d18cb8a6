package io.callisto.proxy.forward;

import io.callisto.proxy.routes.Route;
import io.callisto.proxy.routes.RouteActivity;
import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import org.jboss.logging.Logger;

/**
 * One websocket after its handshake: both connections carry raw bytes, passed on as they are read
 * (frames of any size, pings and close codes included, never decoded or copied). A side that
 * cannot take more stops the other from reading. Every read in either direction counts as
 * activity on the route. Closing either side closes the other once what it was sent has been
 * flushed; the tunnel then gives back its place under the route's websocket limit.
 *
 * <p>All callbacks run on the connections' event loop.
 */
final class WebSocketTunnel implements TargetUser {

    private static final Logger LOG = Logger.getLogger(WebSocketTunnel.class);

    private final LoopContext context;
    private final ClientConnection client;
    private final TargetConnection target;
    private final Route route;
    private final RouteActivity activity;
    /** Bytes that arrived while the two connections were still switching from HTTP, for each side. */
    private final ArrayDeque<Object> earlyToTarget = new ArrayDeque<>(1);
    private final ArrayDeque<Object> earlyToClient = new ArrayDeque<>(1);
    private boolean open;
    private boolean closed;
    private boolean clientPaused;
    private boolean targetPaused;

    WebSocketTunnel(LoopContext context, ClientConnection client, TargetConnection target, Route route) {
        this.context = context;
        this.client = client;
        this.target = target;
        this.route = route;
        this.activity = route.activity();
    }

    /**
     * Starts carrying bytes, once both connections have dropped their HTTP codecs; what either side
     * sent in the meantime goes first.
     */
    void start() {
        context.metrics.websocketOpened();
        activity.touch();
        open = true;
        Object early;
        while ((early = earlyToTarget.poll()) != null) {
            fromClient(early);
        }
        while ((early = earlyToClient.poll()) != null) {
            received(early);
        }
        target.flush();
        client.flush();
    }

    /** Bytes from the client. */
    void fromClient(Object message) {
        if (closed || !(message instanceof ByteBuf)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (!open) {
            earlyToTarget.add(message);
            return;
        }
        activity.touch();
        target.write(message);
        if (!target.isWritable()) {
            clientPaused = true;
            client.autoRead(false);
        }
    }

    void clientReadComplete() {
        if (open) {
            target.flush();
        }
    }

    void clientWritable() {
        if (targetPaused) {
            targetPaused = false;
            target.autoRead(true);
        }
    }

    void clientClosed() {
        close("client");
    }

    @Override
    public void received(Object message) {
        if (closed || !(message instanceof ByteBuf)) {
            ReferenceCountUtil.release(message);
            return;
        }
        if (!open) {
            earlyToClient.add(message);
            return;
        }
        activity.touch();
        client.write(message);
        if (!client.isWritable()) {
            targetPaused = true;
            target.autoRead(false);
        }
    }

    @Override
    public void targetReadComplete() {
        if (open) {
            client.flush();
        }
    }

    @Override
    public void targetWritable() {
        if (clientPaused) {
            clientPaused = false;
            client.autoRead(true);
        }
    }

    @Override
    public void targetClosed() {
        close("target");
    }

    @Override
    public void connected(TargetConnection connection) {
        throw new IllegalStateException("a tunnel is given its connection when it is made");
    }

    @Override
    public void connectFailed(Throwable cause) {
        throw new IllegalStateException("a tunnel is given its connection when it is made");
    }

    private void close(String side) {
        if (closed) {
            return;
        }
        closed = true;
        earlyToTarget.forEach(ReferenceCountUtil::release);
        earlyToClient.forEach(ReferenceCountUtil::release);
        LOG.debugf("Websocket through %s closed by the %s", route.path(), side);
        client.close();
        target.user(null);
        target.closeAfterFlush();
        activity.closeWebsocket();
        if (open) {
            context.metrics.websocketClosed();
        }
    }
}
