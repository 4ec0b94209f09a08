/**
 * What every module throws when it refuses a request: a
 * {@link dev.latchkey.failures.Failure} named after what happened, with a stable code and
 * a kind, and no HTTP. The web module turns kinds into statuses and failures into problem
 * answers.
 */
@NullMarked
package dev.latchkey.failures;

import org.jspecify.annotations.NullMarked;
