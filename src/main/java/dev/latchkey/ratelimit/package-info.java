@NullMarked
package dev.latchkey.ratelimit;

import org.jspecify.annotations.NullMarked;
