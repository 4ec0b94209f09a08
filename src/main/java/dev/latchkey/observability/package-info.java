@NullMarked
package dev.latchkey.observability;

import org.jspecify.annotations.NullMarked;
