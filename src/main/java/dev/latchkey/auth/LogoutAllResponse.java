package dev.latchkey.auth;

record LogoutAllResponse(String message, int revokedSessions) {
}
