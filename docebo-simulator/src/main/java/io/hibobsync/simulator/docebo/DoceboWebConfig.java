package io.hibobsync.simulator.docebo;

import io.hibobsync.simulator.docebo.auth.BearerTokenInterceptor;
import io.hibobsync.simulator.docebo.ratelimit.RateLimitFilter;
import io.hibobsync.simulator.docebo.ratelimit.RateLimiter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * The rate limit counts every API call, authorised or not, so it is a filter that runs before the token
 * check (and after simulator-support's call log and fault filters, so a refused call is logged).
 */
@Configuration(proxyBeanMethods = false)
class DoceboWebConfig implements WebMvcConfigurer {

    /** After simulator-support's call log ({@code HIGHEST_PRECEDENCE + 100}) and fault filter (+ 101). */
    static final int RATE_LIMIT_FILTER_ORDER = Ordered.HIGHEST_PRECEDENCE + 200;

    private final BearerTokenInterceptor bearerToken;

    DoceboWebConfig(BearerTokenInterceptor bearerToken) {
        this.bearerToken = bearerToken;
    }

    @Bean
    FilterRegistrationBean<RateLimitFilter> doceboRateLimitFilter(RateLimiter rateLimiter) {
        var registration = new FilterRegistrationBean<>(new RateLimitFilter(rateLimiter));
        registration.setOrder(RATE_LIMIT_FILTER_ORDER);
        return registration;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(bearerToken).addPathPatterns("/manage/**");
    }
}
