package io.hibobsync.mailcatcher;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class InboxConfiguration {

    @Bean
    Inbox inbox(MailCatcherProperties properties) {
        return new Inbox(properties.dir());
    }
}
