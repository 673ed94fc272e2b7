internal import Foundation
internal import ReproCLI

exit(ReproMain.run(Array(CommandLine.arguments.dropFirst())))
