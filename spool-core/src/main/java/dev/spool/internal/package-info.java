/**
 * What several packages of the library share and nobody else may use: not exported by the module. On the
 * class path, where module boundaries do not apply, these types are public but not API.
 */
package dev.spool.internal;
