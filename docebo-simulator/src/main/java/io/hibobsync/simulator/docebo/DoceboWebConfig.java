package io.hibobsync.simulator.docebo;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/** The rate limit counts every API call, authorised or not, so it runs before the token check. */
@Configuration(proxyBeanMethods = false)
class DoceboWebConfig implements WebMvcConfigurer {

    private final RateLimitInterceptor rateLimit;
    private final BearerTokenInterceptor bearerToken;

    DoceboWebConfig(RateLimitInterceptor rateLimit, BearerTokenInterceptor bearerToken) {
        this.rateLimit = rateLimit;
        this.bearerToken = bearerToken;
    }

    @Override
    public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(rateLimit).addPathPatterns("/oauth2/**", "/manage/**");
        registry.addInterceptor(bearerToken).addPathPatterns("/manage/**");
    }
}
