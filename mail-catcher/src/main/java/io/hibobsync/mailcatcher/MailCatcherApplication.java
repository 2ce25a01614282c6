package io.hibobsync.mailcatcher;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * The local stack's mail server: takes every mail on SMTP, keeps each as an {@code .eml} file and shows them on an
 * inbox page. For development only: it accepts mail for anyone and sends nothing on.
 */
@SpringBootApplication
@ConfigurationPropertiesScan
public class MailCatcherApplication {

    public static void main(String[] args) {
        SpringApplication.run(MailCatcherApplication.class, args);
    }
}
