package io.hibobsync.simulator.hibob.auth;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpHeaders;
import org.springframework.web.servlet.HandlerInterceptor;

/** HTTP Basic with the service user's id and token; anything else is a 401 with an empty body, as HiBob does. */
public final class ServiceUserAuthentication implements HandlerInterceptor {

    private final ServiceUser serviceUser;
    private final AuthFailureGuard guard;

    public ServiceUserAuthentication(ServiceUser serviceUser, AuthFailureGuard guard) {
        this.serviceUser = serviceUser;
        this.guard = guard;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        String caller = request.getRemoteAddr();
        if (guard.isBlocked(caller)) {
            response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
            return false;
        }
        if (serviceUser.accepts(request.getHeader(HttpHeaders.AUTHORIZATION))) {
            return true;
        }
        guard.recordFailure(caller);
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        return false;
    }
}
