@NullMarked
package dev.latchkey.tokens;

import org.jspecify.annotations.NullMarked;
