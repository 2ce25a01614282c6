package io.hibobsync.mailcatcher;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * @param smtpPort        {@code MAIL_CATCHER_SMTP_PORT}: where SMTP clients deliver
 * @param smtpBindAddress {@code MAIL_CATCHER_SMTP_BIND_ADDRESS}: the address the SMTP port listens on
 * @param dir             {@code MAIL_CATCHER_DIR}: where the {@code .eml} files go
 */
@Validated
@ConfigurationProperties("mail-catcher")
record MailCatcherProperties(
        @Min(value = 1, message = "MAIL_CATCHER_SMTP_PORT must be a port number")
        @Max(value = 65535, message = "MAIL_CATCHER_SMTP_PORT must be a port number") int smtpPort,
        @NotBlank(message = "MAIL_CATCHER_SMTP_BIND_ADDRESS must not be empty") String smtpBindAddress,
        @NotNull(message = "set MAIL_CATCHER_DIR to the folder for the .eml files") Path dir) {
}
