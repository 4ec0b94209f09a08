@NullMarked
package dev.latchkey.web;

import org.jspecify.annotations.NullMarked;
