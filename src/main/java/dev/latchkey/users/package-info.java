@NullMarked
package dev.latchkey.users;

import org.jspecify.annotations.NullMarked;
