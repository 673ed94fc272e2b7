// `repro` with the test stage kinds registered: the end-to-end tests run it as a child process.
internal import Foundation
internal import PipelineTestKinds
internal import ReproCLI

let arguments = Array(CommandLine.arguments.dropFirst())
exit(StageCatalog.$kinds.withValue(TestKinds.all) { ReproMain.run(arguments) })
