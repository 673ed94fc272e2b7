import Foundation
import HDF5Store
@testable import ReproCLI
import ReproSupport
import TestSupport
import Testing

@Suite struct InspectCommandTests {
    func sample(_ folder: TemporaryDirectory) throws -> String {
        let path = folder.file("sample.h5")
        let writer = try HDF5Writer(path: path)
        try writer.setAttribute("title", .string("inspect me"))
        try writer.addCoordinate("epoch", values: [Int32(0), 1], units: "1")
        try writer.write([Float](repeating: 1, count: 8), shape: [2, 2, 2], name: "run/ntk",
                         dims: ["epoch", "probe_i", "probe_j"], metadata: .init(longName: "NTK"),
                         storage: HDF5Storage(chunks: [1, 2, 2], compression: 4))
        try writer.close()
        return path
    }

    @Test func treeShowsGroupsDatasetsDimsStorageAndAttributes() throws {
        let folder = try TemporaryDirectory()
        let path = try sample(folder)
        let reader = try HDF5Reader(path: path)
        let tree = InspectCommand.tree(path: path, try reader.objects())
        #expect(tree == """
            \(path)
            /
              @Conventions = "CF-1.8"
              @title = "inspect me"
              epoch  int32 (epoch=2)  [coordinate]
                @units = "1"
              run/
                ntk  float32 (epoch=2, probe_i=2, probe_j=2)  chunks 1x2x2, shuffle, deflate(4)
                  @long_name = "NTK"
                probe_i  float32 (probe_i=2)  [dimension without values]
                probe_j  float32 (probe_j=2)  [dimension without values]

            """)
    }

    @Test func jsonListsEveryObject() throws {
        let folder = try TemporaryDirectory()
        let path = try sample(folder)
        let json = InspectCommand.json(path: path, try HDF5Reader(path: path).objects())
        let objects = try #require(json["objects"]?.arrayValue)
        #expect(objects.compactMap { $0["path"]?.stringValue } == ["/", "/epoch", "/run", "/run/ntk", "/run/probe_i", "/run/probe_j"])
        let ntk = objects[3]
        #expect(ntk["dims"] == ["epoch", "probe_i", "probe_j"])
        #expect(ntk["chunks"] == [1, 2, 2])
        #expect(ntk["filters"] == ["shuffle", "deflate(4)"])
        #expect(ntk["attributes"]?["long_name"] == "NTK")
    }

    @Test func exitStatuses() throws {
        let folder = try TemporaryDirectory()
        let path = try sample(folder)
        #expect(ReproMain.run(["inspect", path]) == ExitStatus.success)
        #expect(ReproMain.run(["inspect", path, "--json"]) == ExitStatus.success)
        // A missing or non-HDF5 file named on the command line is a usage error (1 means a stage failed).
        #expect(ReproMain.run(["inspect", folder.file("missing.h5")]) == ExitStatus.usage)
        try Data("not hdf5".utf8).write(to: URL(fileURLWithPath: folder.file("text.h5")))
        #expect(ReproMain.run(["inspect", folder.file("text.h5")]) == ExitStatus.usage)
        #expect(ReproMain.run(["inspect"]) == ExitStatus.usage)
        #expect(ReproMain.run(["inspect", path, "--frobnicate"]) == ExitStatus.usage)
    }
}
