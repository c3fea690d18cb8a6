package io.callisto.proxy.forward;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The Netty event loops both listeners, public and API, run on: epoll where Netty's native
 * transport loads, NIO elsewhere. Made once at start-up, shut down last.
 */
public final class EventLoops {

    private final boolean epoll = Epoll.isAvailable();
    final EventLoopGroup group;
    final Class<? extends Channel> clientChannel = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
    private final Class<? extends ServerChannel> serverChannel =
            epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;

    public EventLoops(int loops) {
        DefaultThreadFactory threads = new DefaultThreadFactory("callisto-proxy-loop", true);
        group = epoll ? new EpollEventLoopGroup(loops, threads) : new NioEventLoopGroup(loops, threads);
    }

    /** A listener's bootstrap on these loops, with the socket options both listeners use; add the child handler. */
    public ServerBootstrap listener() {
        return new ServerBootstrap()
                .group(group)
                .channel(serverChannel)
                .option(ChannelOption.SO_BACKLOG, 1024)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true);
    }

    /** "epoll" or "NIO", for the log. */
    String transport() {
        return epoll ? "epoll" : "NIO";
    }

    /** Stops the loops, closing whatever connections are still open on them. */
    public void shutdown() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
