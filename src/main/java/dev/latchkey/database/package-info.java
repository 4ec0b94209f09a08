@NullMarked
package dev.latchkey.database;

import org.jspecify.annotations.NullMarked;
