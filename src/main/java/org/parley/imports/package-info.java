/**
 * Imports an owner starts on a group's web page: the uploaded files kept under the data directory
 * ({@link org.parley.imports.Uploads}), one row each in the {@code imports} table ({@link
 * org.parley.imports.Imports}), and the job that runs the {@link org.parley.importer.Importer} on
 * them and writes its progress into the row ({@link org.parley.imports.ImportJob}).
 */
package org.parley.imports;
