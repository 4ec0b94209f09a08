package dev.latchkey.auth;

record MessageResponse(String message) {
}
