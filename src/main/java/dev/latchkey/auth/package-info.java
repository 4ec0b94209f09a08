@NullMarked
package dev.latchkey.auth;

import org.jspecify.annotations.NullMarked;
