package io.zapsocket.spring.autoconfigure;

import io.zapsocket.client.ClientSocket;
import io.zapsocket.client.SocketClient;
import io.zapsocket.server.SocketServer;
import io.zapsocket.spring.OnEvent;
import io.zapsocket.spring.ZapController;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/** A controller wrapped in a proxy (as @Transactional or @Timed do): annotations read on the target, calls go through the proxy. */
class ProxiedControllerTest {

    @ZapController
    public static class Greeter {
        @OnEvent("greet")
        public String greet(String name) {
            return "hello " + name;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Proxying {
        static final AtomicInteger INTERCEPTED = new AtomicInteger();

        @Bean
        Greeter greeter() {
            return new Greeter();
        }

        @Bean
        static BeanPostProcessor proxyGreeter() {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String name) {
                    if (!(bean instanceof Greeter)) {
                        return bean;
                    }
                    ProxyFactory factory = new ProxyFactory(bean);
                    factory.setProxyTargetClass(true);
                    factory.addAdvice((MethodInterceptor) invocation -> {
                        INTERCEPTED.incrementAndGet();
                        return invocation.proceed();
                    });
                    return factory.getProxy();
                }
            };
        }
    }

    @Test
    void anOnEventMethodOfAProxiedBeanIsCalledThroughTheProxy() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ZapSocketAutoConfiguration.class))
                .withPropertyValues("zapsocket.port=0", "zapsocket.host=127.0.0.1", "zapsocket.shutdown-timeout=1s")
                .withUserConfiguration(Proxying.class)
                .run(context -> {
                    assertThat(AopUtils.isAopProxy(context.getBean(Greeter.class))).isTrue();
                    int port = context.getBean(SocketServer.class).address().getPort();
                    try (SocketClient client = SocketClient.create("http://127.0.0.1:" + port)) {
                        ClientSocket socket = client.socket("/");
                        socket.connect();
                        assertThat(socket.emitWithAck("greet", "proxy").get(10, TimeUnit.SECONDS).getString(0))
                                .isEqualTo("hello proxy");
                    }
                    assertThat(Proxying.INTERCEPTED.get()).as("the call went through the proxy").isEqualTo(1);
                });
    }
}
