package io.callisto.proxy.forward;

import static org.assertj.core.api.Assertions.assertThat;

import io.callisto.proxy.routes.Target;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

class ForwardedHeadersTest {

    @Test
    void responsesKeepEndToEndHeadersIncludingRepeatedOnes() {
        HttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        response.headers()
                .add("Content-Type", "text/html")
                .add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2")
                .add("Location", "http://elsewhere/x")
                .add("Content-Length", "5")
                .add("Connection", "keep-alive, X-Private")
                .add("Keep-Alive", "timeout=5")
                .add("X-Private", "hop");

        ForwardedHeaders.prepareResponse(response, HttpMethod.GET, true);

        assertThat(response.headers().names())
                .containsExactlyInAnyOrder("Content-Type", "Set-Cookie", "Location", "Content-Length");
        assertThat(response.headers().getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void aResponseBodyWithoutLengthGoesOutInChunksToHttp11ClientsOnly() {
        HttpResponse toNew = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        HttpResponse toOld = new DefaultHttpResponse(HttpVersion.HTTP_1_0, HttpResponseStatus.OK);
        HttpResponse toHead = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);

        ForwardedHeaders.prepareResponse(toNew, HttpMethod.GET, true);
        ForwardedHeaders.prepareResponse(toOld, HttpMethod.GET, false);
        ForwardedHeaders.prepareResponse(toHead, HttpMethod.HEAD, true);

        assertThat(toNew.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(toNew.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(toOld.headers().contains("Transfer-Encoding")).isFalse();
        assertThat(toHead.headers().contains("Transfer-Encoding")).isFalse();
    }

    @Test
    void requestsLoseHopByHopHeadersAndGainForwardedOnes() {
        HttpRequest request = new DefaultHttpRequest(HttpVersion.HTTP_1_0, HttpMethod.POST, "/user/alice/api?x=1");
        request.headers()
                .add("Host", "notebooks.example.edu:8443")
                .add("Connection", "X-Hop")
                .add("X-Hop", "1")
                .add("Expect", "100-continue")
                .add("Proxy-Authorization", "Basic Zm9vOmJhcg==")
                .add("X-Forwarded-For", "10.1.2.3")
                .add("Transfer-Encoding", "chunked");

        ForwardedHeaders.prepareRequest(request, Target.parse("http://10.0.0.7:8888/base/"), "192.0.2.1", true, false);

        assertThat(request.uri()).isEqualTo("/base/user/alice/api?x=1");
        assertThat(request.protocolVersion()).isEqualTo(HttpVersion.HTTP_1_1);
        assertThat(request.headers().names()).doesNotContain("Connection", "X-Hop", "Expect", "Proxy-Authorization");
        assertThat(request.headers().get("Transfer-Encoding")).isEqualTo("chunked");
        assertThat(request.headers().get("X-Forwarded-For")).isEqualTo("10.1.2.3,192.0.2.1");
        assertThat(request.headers().get("X-Forwarded-Proto")).isEqualTo("https");
        assertThat(request.headers().get("X-Forwarded-Port")).isEqualTo("8443");
        assertThat(request.headers().get("X-Forwarded-Host")).isEqualTo("notebooks.example.edu:8443");
    }

    @Test
    void absoluteFormRequestTargetsBecomeOriginForm() {
        assertThat(ForwardedHeaders.originForm("/user/a?b=c")).isEqualTo("/user/a?b=c");
        assertThat(ForwardedHeaders.originForm("http://proxy.example:8000/user/a?b=c")).isEqualTo("/user/a?b=c");
        assertThat(ForwardedHeaders.originForm("http://proxy.example:8000")).isEqualTo("/");
        assertThat(ForwardedHeaders.originForm("http://proxy.example?x=/y")).isEqualTo("/?x=/y");
        assertThat(ForwardedHeaders.path("/user/a?b=/c")).isEqualTo("/user/a");
    }

    @Test
    void theForwardedPortComesFromTheHostHeaderElseTheScheme() {
        assertThat(ForwardedHeaders.port("example.org:8443", false)).isEqualTo("8443");
        assertThat(ForwardedHeaders.port("example.org", false)).isEqualTo("80");
        assertThat(ForwardedHeaders.port("example.org", true)).isEqualTo("443");
        assertThat(ForwardedHeaders.port("[::1]:9000", false)).isEqualTo("9000");
        assertThat(ForwardedHeaders.port("[::1]", true)).isEqualTo("443");
        assertThat(ForwardedHeaders.port(null, false)).isEqualTo("80");
    }
}
