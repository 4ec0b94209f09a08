@NullMarked
package dev.latchkey.sessions;

import org.jspecify.annotations.NullMarked;
